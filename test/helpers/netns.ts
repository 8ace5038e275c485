/**
 * Linux network namespaces for multi-host tests: a private "switch" namespace holding a bridge,
 * and one namespace per host, each joined to the bridge by a veth pair and given its own IPv4
 * address. Nothing is created in the root namespace: each veth pair is created directly between
 * two lab namespaces, so deleting the namespaces removes every link, the bridge included.
 *
 * Names carry a `gl-` prefix and the creating process's pid (`gl-<pid>-h1`, `gl-<pid>-sw`, link
 * `gl-<pid>-h1p`), so parallel runs never collide. Every `ip` call has a timeout.
 */
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** Milliseconds one `ip` invocation may take before it counts as failed. */
const IP_TIMEOUT_MS = 10_000;

/** Runs `ip …` synchronously; returns its stdout. @throws Error with ip's stderr on failure or timeout. */
export function ip(...args: string[]): string {
  try {
    return execFileSync('ip', args, { encoding: 'utf8', timeout: IP_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as Error & { stderr?: string };
    throw new Error(`ip ${args.join(' ')} failed: ${(err.stderr ?? '').trim() || err.message}`);
  }
}

/** The names of the network namespaces that exist now. */
export function listNamespaces(): string[] {
  return ip('netns', 'list')
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n !== '');
}

/** The names of the links in the root namespace. */
export function listRootLinks(): string[] {
  return ip('-o', 'link', 'show')
    .split('\n')
    .map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1] ?? '')
    .filter((n) => n !== '');
}

/**
 * Why namespaces cannot be used here, or undefined when they can. Synchronous, so it can decide
 * `describe.skipIf(...)` at module load: needs Linux, root, iproute2, and a namespace, a bridge
 * and a veth pair that can really be created (then removed again).
 */
export function netnsUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux network namespaces';
  if (process.getuid?.() !== 0) return `not running as root (uid ${process.getuid?.()})`;
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore', timeout: IP_TIMEOUT_MS });
  } catch {
    return 'the ip command (iproute2) is not available';
  }
  const ns = `gl-${process.pid}-probe`;
  try {
    ip('netns', 'add', ns);
  } catch (e) {
    return `cannot create a network namespace (${(e as Error).message})`;
  }
  try {
    ip('-n', ns, 'link', 'add', `gl-${process.pid}-pb`, 'type', 'bridge');
    ip('-n', ns, 'link', 'add', `gl-${process.pid}-pa`, 'type', 'veth', 'peer', 'name', `gl-${process.pid}-pz`);
    return undefined;
  } catch (e) {
    return `cannot create a bridge or veth pair (${(e as Error).message})`;
  } finally {
    try {
      ip('netns', 'del', ns);
    } catch {
      // reported by the caller's leftover check
    }
  }
}

/** One host of the lab. */
export interface LabHost {
  /** Short name, e.g. `h1`. */
  name: string;
  /** Its namespace, `gl-<pid>-<name>`. */
  ns: string;
  /** Its IPv4 address on the bridge. */
  ip: string;
}

/**
 * A set of hosts on one private bridge. Create with {@link NetnsLab.create}; always
 * {@link NetnsLab.destroy} (it also runs, synchronously, if the process exits first).
 */
export class NetnsLab {
  /** `gl-<pid>`: the prefix of every name this lab creates. */
  readonly id: string;
  readonly hosts: LabHost[] = [];
  private readonly switchNs: string;
  private readonly bridge: string;
  private readonly namespaces: string[] = [];
  private readonly children = new Set<ChildProcess>();
  private destroyed = false;
  private readonly onExit = (): void => this.destroySync();

  private constructor(tag: string) {
    this.id = `gl-${process.pid}${tag}`;
    this.switchNs = `${this.id}-sw`;
    this.bridge = `${this.id}-br`;
    process.on('exit', this.onExit);
  }

  /**
   * Creates the switch namespace with its bridge, then one namespace per host with loopback up
   * and `ip/prefix` on a veth to the bridge. On any failure removes what it made and throws.
   * @param hosts names (≤ 4 chars, for the 15-char link name limit) and IPv4 addresses
   * @param tag optional suffix for the lab id, to run two labs from one process
   */
  static create(hosts: ReadonlyArray<{ name: string; ip: string }>, prefixLength = 24, tag = ''): NetnsLab {
    const lab = new NetnsLab(tag);
    try {
      lab.addNamespace(lab.switchNs);
      ip('-n', lab.switchNs, 'link', 'add', lab.bridge, 'type', 'bridge');
      ip('-n', lab.switchNs, 'link', 'set', lab.bridge, 'up');
      for (const h of hosts) {
        const ns = `${lab.id}-${h.name}`;
        const sw = `${lab.id}-${h.name}`; // the switch end
        const nic = `${lab.id}-${h.name}p`; // the host end
        if (nic.length > 15) throw new Error(`link name ${nic} is longer than 15 characters`);
        lab.addNamespace(ns);
        ip('link', 'add', sw, 'netns', lab.switchNs, 'type', 'veth', 'peer', 'name', nic, 'netns', ns);
        ip('-n', lab.switchNs, 'link', 'set', sw, 'master', lab.bridge);
        ip('-n', lab.switchNs, 'link', 'set', sw, 'up');
        ip('-n', ns, 'link', 'set', 'lo', 'up');
        ip('-n', ns, 'addr', 'add', `${h.ip}/${prefixLength}`, 'dev', nic);
        ip('-n', ns, 'link', 'set', nic, 'up');
        lab.hosts.push({ name: h.name, ns, ip: h.ip });
      }
    } catch (e) {
      lab.destroySync();
      throw e;
    }
    return lab;
  }

  /** The host called `name`. */
  host(name: string): LabHost {
    const h = this.hosts.find((x) => x.name === name);
    if (!h) throw new Error(`no host ${name} in lab ${this.id}`);
    return h;
  }

  /**
   * Starts `command args…` inside the host's namespace (`ip netns exec`, which execs the command,
   * so the child's pid is the command's own and a signal to it reaches the command).
   */
  spawn(host: LabHost, command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    if (this.destroyed) throw new Error(`lab ${this.id} is destroyed`);
    const child = spawn('ip', ['netns', 'exec', host.ns, command, ...args], options);
    child.on('error', () => {}); // a failed spawn shows as a missing log line; never crash the runner
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** Names this lab created that still exist (namespaces, or links left in the root namespace). */
  leftovers(): string[] {
    const mine = (n: string): boolean => n === this.id || n.startsWith(`${this.id}-`);
    return [...listNamespaces().filter(mine), ...listRootLinks().filter(mine)];
  }

  /**
   * Tears everything down: SIGKILLs every child still running and waits (at most `timeoutMs`) for
   * them to exit, kills any other process left inside a lab namespace, deletes the namespaces
   * (which removes the veths and the bridge). Idempotent.
   * @returns names still present afterwards (empty when clean)
   */
  async destroy(timeoutMs = 5_000): Promise<string[]> {
    const exits = [...this.children].map((c) => exited(c, timeoutMs));
    for (const c of this.children) c.kill('SIGKILL');
    await Promise.all(exits);
    this.destroySync();
    return this.leftovers();
  }

  private addNamespace(ns: string): void {
    ip('netns', 'add', ns);
    this.namespaces.push(ns);
  }

  /** The synchronous part of {@link destroy}; also the process-exit fallback. */
  private destroySync(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    process.off('exit', this.onExit);
    for (const c of this.children) {
      try {
        c.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const ns of [...this.namespaces].reverse()) {
      try {
        for (const pid of ip('netns', 'pids', ns).split(/\s+/).filter(Boolean)) {
          try {
            process.kill(Number(pid), 'SIGKILL'); // only processes inside this lab's own namespace
          } catch {
            // exited meanwhile
          }
        }
      } catch {
        // the namespace is already gone
      }
      try {
        ip('netns', 'del', ns);
      } catch {
        // reported by leftovers()
      }
    }
    // a veth is never created in the root namespace, but if one was left by a failed move, drop it
    for (const link of listRootLinksSafe().filter((n) => n.startsWith(`${this.id}-`))) {
      try {
        ip('link', 'del', link);
      } catch {
        // reported by leftovers()
      }
    }
  }
}

function listRootLinksSafe(): string[] {
  try {
    return listRootLinks();
  } catch {
    return [];
  }
}

/** Resolves when the child has exited, or after `timeoutMs` either way. */
function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
