import { v7 as uuidv7 } from 'uuid';

/** Ids are UUIDv7: unguessable enough for URLs, time-ordered for index locality and keyset paging. */
export const newId = (): string => uuidv7();

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isId = (value: string): boolean => UUID_PATTERN.test(value);
