import type { SystemStyleObject } from '@chakra-ui/react';

/**
 * A table that turns each row into a card on a phone: the header row is hidden (kept for screen
 * readers), every cell becomes a line that names its column (`data-label`). One DOM for both sizes
 * (Chromium and Firefox keep table semantics when display changes; Safari may read it as a list). Use as `<Table.Root css={CARDS_ON_PHONE}>` with `data-label` on each cell.
 */
export const CARDS_ON_PHONE: SystemStyleObject = {
  '@media screen and (max-width: 47.99em)': {
    '& thead': {
      position: 'absolute',
      width: '1px',
      height: '1px',
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
      whiteSpace: 'nowrap',
    },
    '& tbody, & tr': { display: 'block' },
    '& tr': {
      borderWidth: '1px',
      borderRadius: 'md',
      padding: '2',
      marginBottom: '2',
    },
    '& td': {
      display: 'flex',
      gap: '3',
      justifyContent: 'space-between',
      alignItems: 'center',
      borderBottomWidth: '0',
      paddingBlock: '1',
      paddingInline: '1',
      textAlign: 'start',
      minWidth: '0',
    },
    '& td[data-label]::before': {
      content: 'attr(data-label)',
      color: 'fg.muted',
      fontSize: 'sm',
      flexShrink: 0,
    },
    '& td:empty': { display: 'none' },
  },
};
