/// The output forms of `rolechain lint`.
public enum LintFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal, then the fix and link for each rule found.
    case table
    /// RFC 4180, one row per finding, for spreadsheets and scripts.
    case csv
    /// The documented shape in ``LintJSONFormatter``, for other tools.
    case json

    public func format(_ report: LintReport) -> String {
        switch self {
        case .table: LintTableFormatter.format(report)
        case .csv: LintCSVFormatter.format(report)
        case .json: LintJSONFormatter.format(report)
        }
    }
}
