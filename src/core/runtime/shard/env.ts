/**
 * The environment variable that marks a process forked as a shard (see shardProcess.ts). Its own
 * module, so an entry point can check it without loading the runtime.
 */
export const SHARD_ENV = 'GOSSIP_LAB_SHARD';
