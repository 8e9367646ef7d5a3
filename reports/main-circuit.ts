/** Id of the site's main circuit (its main fuse), which site meter readings feed. */
export const MAIN_CIRCUIT_ID = 'main';
