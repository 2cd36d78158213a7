import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./src/i18n/request.ts');

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The workspace root holds the lockfile and the hoisted node_modules.
  turbopack: { root: fileURLToPath(new URL('..', import.meta.url)) },
  experimental: { optimizePackageImports: ['@chakra-ui/react'] },
  // Everything the web app serves (pages also get a nonce-based Content-Security-Policy from src/proxy.ts);
  // not /api/*, which the API answers with its own (a file shown inline may be framed by this origin, the
  // PDF preview, where everything else says DENY).
  headers: () =>
    Promise.resolve([
      {
        source: '/:path((?!api(?:/|$)).*)',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
        ],
      },
    ]),
};

export default withNextIntl(config);
