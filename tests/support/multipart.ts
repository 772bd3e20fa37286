// Reads a multipart/form-data body (file uploads) the way a server would, with the platform's own parser.
export interface UploadedPart {
  field: string;
  name: string;
  data: Buffer;
}

export async function parseMultipart(body: Buffer, contentType: string): Promise<{ fields: Record<string, string>; files: UploadedPart[] }> {
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  const fields: Record<string, string> = {};
  const files: UploadedPart[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') fields[field] = value;
    else files.push({ field, name: value.name, data: Buffer.from(await value.arrayBuffer()) });
  }
  return { fields, files };
}
