-- Search support: trigram indexes and one folding function shared by every searchable column.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint

-- Folds text for case- and diacritic-insensitive matching in Latin and Arabic scripts: lower case,
-- Latin accents removed (unaccent), Arabic harakat and tatweel removed, and the Arabic letters people
-- write interchangeably unified (alef forms -> ا, ى -> ي, ة -> ه, ؤ -> و, ئ -> ي). IMMUTABLE so that
-- generated columns and indexes can use it (unaccent itself is only STABLE because its dictionary
-- could change; we pin the dictionary by name).
CREATE FUNCTION dental_fold(input text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$
  SELECT translate(
    regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, input)), '[\u064B-\u065F\u0670\u0640]', '', 'g'),
    'أإآٱىةؤئ',
    'اااايهوي')
$$;
