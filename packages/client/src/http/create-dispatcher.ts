import { socksDispatcher } from 'fetch-socks';
import { Agent, type Dispatcher, ProxyAgent } from 'undici';
import type { ProxyChoice } from './proxy-settings.ts';

/** TLS trust for the target (and an https proxy), e.g. a private CA in tests or behind a TLS-inspecting proxy. */
export interface TlsSettings {
  /** Extra trusted CA certificates (PEM). */
  readonly ca?: string | readonly string[];
  /** Set to false only for local experiments. @default true */
  readonly rejectUnauthorized?: boolean;
}

/** Builds the undici dispatcher that carries every request of one client to its proxy (or directly). */
export function createDispatcher(choice: ProxyChoice, tls: TlsSettings = {}): Dispatcher {
  const tlsOptions = {
    ...(tls.ca === undefined ? {} : { ca: typeof tls.ca === 'string' ? tls.ca : [...tls.ca] }),
    ...(tls.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: tls.rejectUnauthorized }),
  };
  switch (choice.kind) {
    case 'direct':
      return new Agent({ connect: tlsOptions });
    case 'http': {
      const { url } = choice;
      // Credentials travel as a header only, so the URL undici keeps (and may print) has none.
      const token =
        url.username === ''
          ? undefined
          : `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
      return new ProxyAgent({
        uri: `${url.protocol}//${url.host}`,
        ...(token === undefined ? {} : { token }),
        requestTls: tlsOptions,
        proxyTls: tlsOptions,
        // Plain-http targets go as forward-proxy requests, which every HTTP proxy accepts; https targets tunnel.
        proxyTunnel: false,
      });
    }
    case 'socks': {
      const { url } = choice;
      return socksDispatcher(
        {
          type: choice.version,
          host: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port === '' ? 1080 : Number(url.port),
          ...(url.username === '' ? {} : { userId: decodeURIComponent(url.username) }),
          ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
        },
        { connect: tlsOptions },
      );
    }
  }
}
