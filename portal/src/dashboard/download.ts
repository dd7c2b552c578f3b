// Saves text the API returned (a signed record) as a file the browser
// downloads, without sending it anywhere else: a link to an object URL,
// clicked once, then released.
export function saveTextFile(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has started the download: revoking at once may cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
