/**
 * The size an image is shown at, for drawing its annotations: the scanned size turned by the EXIF
 * orientation (5–8 swap width and height, as browsers, the thumbnails, the report and the models show
 * the picture), else the size the annotations declare. `alias` is the samples table's alias ('' for none).
 */
export function shownSizeSql(alias: string): { width: string; height: string } {
  const c = (column: string) => (alias === '' ? column : `${alias}.${column}`);
  const turned = `coalesce(${c('orientation')}, 1) >= 5`;
  return {
    width: `coalesce(CASE WHEN ${turned} THEN ${c('height')} ELSE ${c('width')} END, ${c('declared_width')})`,
    height: `coalesce(CASE WHEN ${turned} THEN ${c('width')} ELSE ${c('height')} END, ${c('declared_height')})`,
  };
}
