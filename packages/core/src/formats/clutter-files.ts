/**
 * Whether a file says nothing about a dataset's layout: READMEs and licences (Roboflow puts
 * README.dataset.txt and README.roboflow.txt at the root), hidden files and the thumbnail caches of
 * macOS and Windows. Folder formats (class-folders, image-folder) leave them out before they look.
 */
export function isClutter(file: string): boolean {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return (
    /^(readme|license|licence)([._-].*)?$/i.test(name) ||
    name.startsWith('.') ||
    /^(thumbs\.db|desktop\.ini)$/i.test(name)
  );
}
