/**
 * Running a host command from a control: a busy flag while it runs, an error notice with the
 * host's text on `{ ok: false }`, and an optional short info notice on success.
 */
import { useCallback, useState } from 'react';
import type { CommandArgs, CommandName, CommandReply, CommandResults } from '../../../shared/types';
import { getApi } from '../api';
import { useLabStore } from '../store';

/** What {@link useCommand} returns: `run(args)` and whether a call is in flight. */
export interface CommandRunner<C extends CommandName> {
  run: (args: CommandArgs<C>) => Promise<CommandReply<C>>;
  busy: boolean;
}

/**
 * A runner for command `name`.
 * @param action what the user did, prefixed to error notices (`Add seed`)
 * @param describe the info notice for a success (null for none)
 * @param errorsAsNotices false when the caller shows a failure itself (beside its field)
 */
export function useCommand<C extends CommandName>(
  name: C,
  action: string,
  describe?: (result: CommandResults[C]) => string | null,
  errorsAsNotices = true,
): CommandRunner<C> {
  const [inFlight, setInFlight] = useState(0);
  const run = useCallback(
    async (args: CommandArgs<C>): Promise<CommandReply<C>> => {
      setInFlight((n) => n + 1);
      let reply: CommandReply<C>;
      try {
        reply = await getApi().command(name, args);
      } catch (err) {
        reply = { ok: false, error: err instanceof Error ? err.message : String(err) };
      } finally {
        setInFlight((n) => n - 1);
      }
      const { addNotice } = useLabStore.getState();
      if (!reply.ok) {
        if (errorsAsNotices) addNotice('error', `${action} failed: ${reply.error}`);
      }
      else {
        const text = describe?.(reply.result) ?? null;
        if (text !== null) addNotice('info', text);
      }
      return reply;
    },
    [name, action, describe, errorsAsNotices],
  );
  return { run, busy: inFlight > 0 };
}
