/// The output forms of query commands.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal.
    case table
    /// RFC 4180, for spreadsheets and scripts.
    case csv
    /// A stable, documented shape for other tools.
    case json
    /// A Mermaid `flowchart LR`, which GitHub renders as a diagram.
    case mermaid
    /// Graphviz DOT, for `dot -Tsvg`.
    case dot

    /// The formatter that writes this format.
    public var formatter: any ReportFormatter {
        switch self {
        case .table: TableFormatter()
        case .csv: CSVFormatter()
        case .json: JSONReportFormatter()
        case .mermaid: MermaidFormatter()
        case .dot: DotFormatter()
        }
    }
}
