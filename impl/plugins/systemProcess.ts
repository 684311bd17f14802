/**
 * A system process (see remoteSystem.ts): runs one system at a time of a plug-in loaded by module
 * path, with `Date` following that system's clock (fake timers replace the process's `Date`, which
 * is why the system needs a process of its own). `node --import tsx impl/plugins/systemProcess.ts`
 * with an IPC channel; it exits when the channel closes.
 */
import { openSystem } from '../open.ts';
import type { SystemUnderTest } from '../driver/system.ts';
import { EPOCH_BASE } from '../clock.ts';
import { keysToWire } from '../infra/keysWire.ts';
import { ImplError } from '../errors.ts';
import { installHarnessTime } from './harnessTime.ts';
import { loadPlugin } from './pluginModule.ts';
import type { SystemAnswer, SystemReply, SystemRequest, SystemState } from './systemProtocol.ts';

const time = installHarnessTime();
let system: SystemUnderTest | null = null;

function state(sut: SystemUnderTest): SystemState {
  return { now: sut.forgeryContext().now, jars: sut.jars(), liveNodes: sut.liveNodes(), localSessionCounts: sut.localSessionCounts() };
}

/** Wall time is the system's clock when its code runs. */
function follow(sut: SystemUnderTest): SystemUnderTest {
  time.follow(sut.forgeryContext().now - EPOCH_BASE);
  return sut;
}

function open(): SystemUnderTest {
  if (!system) throw new ImplError('ERR_SYSTEM_CLOSED', 'no system is open in this system process');
  return follow(system);
}

async function answer(request: SystemRequest): Promise<SystemReply> {
  switch (request.kind) {
    case 'open': {
      if (system) await system.close();
      time.follow(0);
      const { plugin, target, scope, seed } = request.open;
      system = await openSystem(await loadPlugin(plugin), { target, scope, seed });
      return { ok: true, keys: await keysToWire(system.forgeryContext().keys), state: state(system) };
    }
    case 'act': {
      const sut = open();
      const value = await sut.act(request.action, request.forged);
      return { ok: true, value, state: state(sut) };
    }
    case 'probe': {
      const sut = open();
      return { ok: true, value: await sut.probe(request.node, request.credential), state: state(sut) };
    }
    case 'storeKeys':
      return { ok: true, value: await open().storeKeys() };
    case 'close': {
      const sut = system;
      system = null;
      await sut?.close();
      return { ok: true };
    }
  }
}

process.on('disconnect', () => process.exit(0));
process.on('message', async (request: SystemRequest) => {
  let reply: SystemAnswer;
  try {
    reply = { id: request.id, ...(await answer(request)) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const code = (error as { code?: unknown } | null)?.code;
    reply = { id: request.id, ok: false, name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}), ...(e.stack ? { stack: e.stack } : {}) };
  }
  process.send!(reply);
});
