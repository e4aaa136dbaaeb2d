/// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, and
/// quotes doubled; lines end in CRLF.
///
/// A cell a spreadsheet would run as a formula — starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return — is neutralised with a leading
/// `'`, as OWASP recommends
/// (https://owasp.org/www-community/attacks/CSV_Injection): role names,
/// policy names, Sids and condition values are attacker-chosen text.
public struct CSVWriter: Sendable {
    public private(set) var text = ""

    public init(header: [String]) {
        append(header)
    }

    public mutating func append(_ fields: [String]) {
        text += fields.map(Self.field).joined(separator: ",") + "\r\n"
    }

    public static func field(_ value: String) -> String {
        var cell = value
        if let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            cell = "'" + cell
        }
        let needsQuotes = cell.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" } || cell.hasPrefix("'")
        guard needsQuotes else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
