/** The text forms of the protocol's logged records (the classic assignment's line formats). */
import type { Addr } from './addr';

/**
 * The dead-node report line: `Dead Node:<IP>:<Port>:<timestamp>:<self.IP>`.
 * @param dead the dead peer's listening address
 * @param timestamp when it was declared dead, ms since the epoch
 * @param reporter the reporting peer's listening address (its host is `self.IP`)
 */
export function formatDeadNode(dead: Addr, timestamp: number, reporter: Addr): string {
  return `Dead Node:${dead.host}:${dead.port}:${timestamp}:${reporter.host}`;
}

/**
 * A gossip message's text: `<timestamp>:<IP>:<Port>:<Msg#>`. The port stands beside the IP
 * because several peers may share an IP (all of a one-machine network do), and two peers'
 * messages must never look alike.
 * @param timestamp creation time, ms since the epoch
 * @param self the origin peer's listening address
 * @param seq the message number, 1-based
 */
export function formatGossip(timestamp: number, self: Addr, seq: number): string {
  return `${timestamp}:${self.host}:${self.port}:${seq}`;
}
