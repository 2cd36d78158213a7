/** The id of every page's <main>: the skip link's target (a plain module, so server layouts can import it). */
export const MAIN_CONTENT = 'main-content';
