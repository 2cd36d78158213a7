'use client';

import { Button } from '@chakra-ui/react';
import { useSearchParams } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { usePathname, useRouter } from '@/i18n/navigation';

/** Switches between English and Arabic on the same page; next-intl remembers the choice in a cookie. */
export function LanguageSwitcher() {
  const t = useTranslations('language');
  const locale = useLocale();
  const pathname = usePathname();
  const search = useSearchParams();
  const router = useRouter();
  const other = locale === 'ar' ? 'en' : 'ar';
  const query = search.toString();
  return (
    <Button
      variant="ghost"
      size="sm"
      lang={other}
      onClick={() => router.replace(`${pathname}${query ? `?${query}` : ''}`, { locale: other })}
      data-testid="language-switcher"
    >
      {t('switchTo')}
    </Button>
  );
}
