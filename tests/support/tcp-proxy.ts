// A minimal load balancer for tests: forwards each TCP connection to the first backend that
// accepts it, so a client whose node stops reconnects to the one still running.
import { createServer, connect, type Server, type Socket } from "node:net";

export async function startFailoverProxy(backendPorts: number[]): Promise<{ port: number; close(): Promise<void> }> {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.pause();
    const tryBackend = (index: number) => {
      if (index >= backendPorts.length) return client.destroy();
      const upstream = connect(backendPorts[index]!, "127.0.0.1");
      upstream.once("error", () => tryBackend(index + 1));
      upstream.once("connect", () => {
        upstream.removeAllListeners("error");
        open.add(upstream);
        upstream.on("close", () => open.delete(upstream));
        client.pipe(upstream).pipe(client);
        client.resume();
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
        client.on("close", () => upstream.destroy());
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
