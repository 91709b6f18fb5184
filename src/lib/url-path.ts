/** A request URL without its query string: what is logged or echoed (a query may carry a mailed token). */
export function urlPath(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
