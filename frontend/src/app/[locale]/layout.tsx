import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { hasLocale, NextIntlClientProvider } from 'next-intl';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { ReactNode } from 'react';
import { SkipNavLink } from '@chakra-ui/react';
import { Providers } from '@/components/providers';
import { directionOf, routing } from '@/i18n/routing';
import { MAIN_CONTENT } from '@/lib/main-content';

export function generateStaticParams() {
  return routing.locales.map((locale) => ({ locale }));
}

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const t = await getTranslations({ locale, namespace: 'app' });
  // Pages name themselves ("Log in · Dental Clinic"); app pages add the clinic's name once it is known.
  return { title: { default: t('name'), template: t('pageTitle', { page: '%s', site: t('name') }) } };
}

export default async function LocaleLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const t = await getTranslations({ locale, namespace: 'common' });
  return (
    <html lang={locale} dir={directionOf(locale)} suppressHydrationWarning>
      <body>
        <NextIntlClientProvider>
          <Providers locale={locale}>
            <SkipNavLink id={MAIN_CONTENT} zIndex="skipNav">
              {t('skipToContent')}
            </SkipNavLink>
            {children}
          </Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
