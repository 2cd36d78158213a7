import { notFound } from 'next/navigation';

/** Any path of a locale that no page serves: the locale's own "page not found" (not Next's bare English one). */
export default function UnknownPage() {
  notFound();
}
