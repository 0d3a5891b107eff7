/** One CSV record and the line of the file on which it starts (1-based), for error reports. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * RFC 4180 CSV: comma-separated, fields in double quotes may hold commas, quotes (doubled) and line
 * breaks; CRLF, LF or CR end a record. Blank lines are skipped. Written here rather than taken from a
 * library because the import must report the line where each record *starts*, even when a quoted
 * field spans several lines.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let fieldStarted = false;

  const endField = () => {
    fields.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      quoteLine = line;
    } else if (c === ',') {
      endField();
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      // Text after a closing quote or a quote inside an unquoted field is kept as is, as spreadsheets do.
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvSyntaxError(quoteLine, `a quoted field opened on line ${quoteLine} is never closed`);
  if (fieldStarted || fields.length > 0) endRecord();
  return records;
}

/**
 * Spreadsheets run a cell starting with = + - @ (or a tab or CR) as a formula; an exported title such
 * as `=HYPERLINK(…)` must stay text. Such cells get a leading apostrophe, which `unprotectCell` removes.
 */
const formulaStart = /^[=+\-@\t\r]/;
export const protectCell = (value: string) => (formulaStart.test(value) ? `'${value}` : value);
export const unprotectCell = (value: string) => (value.startsWith("'") && formulaStart.test(value.slice(1)) ? value.slice(1) : value);

const needsQuotes = /[",\r\n]|^\s|\s$/;
const quote = (value: string) => (needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** Rows as CSV with CRLF line ends (what RFC 4180 and Excel expect). */
export function toCsv(rows: (string | number | null)[][]): string {
  return rows.map((row) => row.map((v) => quote(v === null ? '' : String(v))).join(',')).join('\r\n') + '\r\n';
}
