// Subscribes to a PostgreSQL notification channel and stays subscribed:
// replicas use it to hear of changes another process committed.
import pg from 'pg';

export interface Listener {
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Called for every notification, and after every reconnect (notifications may have been missed). */
  onNotify: () => void;
  onError?: (error: Error) => void;
  reconnectDelayMs?: number;
}

export async function listen(connectionString: string, channel: string, options: ListenOptions): Promise<Listener> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString });
    next.on('notification', (message) => {
      if (message.channel === channel) options.onNotify();
    });
    next.on('error', (error) => {
      options.onError?.(error);
      scheduleReconnect();
    });
    await next.connect();
    await next.query(`listen ${channel}`);
    client = next;
  };

  const scheduleReconnect = () => {
    if (closed || retry) return;
    void client?.end().catch(() => {});
    client = undefined;
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(options.onNotify, (error: Error) => {
        options.onError?.(error);
        scheduleReconnect();
      });
    }, options.reconnectDelayMs ?? 1000);
  };

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
