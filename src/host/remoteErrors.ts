/**
 * Words for what went wrong when the app dials a remote seed: the raw errors of sockets, DNS and
 * the frame decoder (`getaddrinfo ENOTFOUND`, `frame of 1213486160 bytes exceeds …`) turned into
 * what a user can act on ("no such host", "that port is not a Gossip Lab seed"). Text it does not
 * recognise — network-key refusals among it, already worded — is returned as is.
 */

/** One rule: what a raw error looks like, and its words for seed `id` (`host:port`). */
interface Rule {
  test: RegExp;
  words(id: string, host: string): string;
}

const RULES: Rule[] = [
  { test: /refused the handshake/, words: () => '' }, // already in words (networkKey.ts): kept as is
  { test: /ENOTFOUND|EAI_NONAME|EAI_AGAIN|EAI_FAIL/, words: (_id, host) => `no such host: "${host}" does not resolve to an address (check the name, or use an IP address)` },
  { test: /ECONNREFUSED/, words: (id) => `nothing listens at ${id}: the connection was refused (is the seed running, and is the port right?)` },
  { test: /EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|unreachable/, words: (id) => `cannot reach ${id}: there is no route to that address (check the address and the network)` },
  { test: /ETIMEDOUT|timed out|did not answer .* (in time|within)/, words: (id) => `${id} does not answer: no reply in time (a wrong address, a firewall, or the seed is overloaded)` },
  {
    test: /frame of \d+ bytes|sent an invalid answer|invalid|malformed|not valid JSON|Unexpected token/i,
    words: (id) => `that port is not a Gossip Lab seed (it answered something else): ${id}`,
  },
  { test: /is not a seed: it answered/, words: (id) => `${id} is a Gossip Lab node but not a seed (a peer, probably): connect to a seed's address` },
  { test: /ECONNRESET|EPIPE|closed the connection|connection closed/, words: (id) => `${id} closed the connection without answering: it is probably not a Gossip Lab seed` },
];

/** `host` of `host:port` or `[v6]:port`. */
function hostOf(id: string): string {
  const m = /^\[([^\]]+)\]:\d+$/.exec(id) ?? /^(.*):\d+$/.exec(id);
  return m?.[1] ?? id;
}

/**
 * The words for an error from dialling or querying remote seed `id`.
 * @param id the seed as `host:port`
 * @param message the raw error message
 * @returns a sentence for the user; `message` itself when no rule knows it
 */
export function describeRemoteError(id: string, message: string): string {
  for (const rule of RULES) {
    if (!rule.test.test(message)) continue;
    const words = rule.words(id, hostOf(id));
    return words === '' ? message : words;
  }
  return message;
}
