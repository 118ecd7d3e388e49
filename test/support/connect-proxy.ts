import { createServer, type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

export interface ProxiedConnect {
  /** The CONNECT target, `host:port` as asked. */
  target: string;
  headers: IncomingMessage['headers'];
}

/** How the proxy answers CONNECT: open the tunnel, refuse with a status, or never answer. */
export type ProxyBehaviour = 'tunnel' | 'hang' | { refuse: number };

/**
 * A real HTTP CONNECT proxy on 127.0.0.1 that records what it was asked: the tunnels (CONNECT
 * targets and headers) and any plain forward-proxy request, which a client should never send.
 */
export class ConnectProxy {
  readonly connects: ProxiedConnect[] = [];
  readonly plainRequests: string[] = [];
  private behaviour: ProxyBehaviour = 'tunnel';
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {
    server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) =>
      this.tunnel(req, client, head),
    );
    server.on('request', (req, res) => {
      this.plainRequests.push(`${req.method} ${req.url}`);
      res.writeHead(405).end();
    });
    server.on('connection', (socket: Socket) => this.track(socket));
  }

  /** Listens on `port` (0: any free one), e.g. the port of a proxy closed earlier, to bring it back. */
  static async start(port = 0): Promise<ConnectProxy> {
    const proxy = new ConnectProxy(createServer());
    await new Promise<void>((resolve) => proxy.server.listen(port, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  behave(behaviour: ProxyBehaviour): void {
    this.behaviour = behaviour;
  }

  /** Stops listening and cuts every open tunnel. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private tunnel(req: IncomingMessage, client: Socket, head: Buffer): void {
    const target = req.url ?? '';
    this.connects.push({ target, headers: req.headers });
    client.on('error', () => client.destroy());
    const behaviour = this.behaviour;
    if (behaviour === 'hang') return;
    if (behaviour !== 'tunnel') {
      client.end(`HTTP/1.1 ${behaviour.refuse} ${STATUS_CODES[behaviour.refuse] ?? ''}\r\n\r\n`);
      return;
    }
    const authority = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
    if (!authority) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const upstream = this.track(connect(Number(authority[2]), authority[1]));
    let open = false;
    upstream.once('connect', () => {
      open = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.once('error', () => {
      if (open) client.destroy();
      else client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    client.once('close', () => upstream.destroy());
  }

  private track(socket: Socket): Socket {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    return socket;
  }
}
