import IAMGraph

/// Aligned columns for a terminal. Long paths stay whole: a cut chain
/// would hide the very hop the reader is looking for.
public struct TableFormatter: ReportFormatter {
    public init() {}

    public func format(_ report: ReachReport) -> String {
        var lines: [String] = []
        let owner = report.bucketAccount.map { "owner \($0)" } ?? "owner unknown"
        lines.append("Who can reach \(report.bucket) (\(owner)) with \(report.actions.joined(separator: ", ")):")
        lines.append("")
        let rows = report.answers.map { answer in
            [
                answer.principal, answer.principalType, String(answer.hops), ReportText.path(answer), answer.action,
                answer.caveats.isEmpty ? "" : ReportText.conditions(answer.caveats),
            ]
        }
        lines += Self.align(header: ["PRINCIPAL", "TYPE", "HOPS", "PATH", "ACTION", "CONDITIONS"], rows: rows)
        if report.answers.isEmpty { lines.append("(no principal can reach it)") }
        lines += report.warnings.map { "note: \($0)" }.prefix(20).map { "" + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    public func format(_ explanation: Explanation) -> String {
        var lines: [String] = []
        if explanation.isReachable {
            let hops = explanation.chain?.hopCount ?? 0
            lines.append(
                "\(explanation.from) can reach \(explanation.to) (\(explanation.action)) in \(hops) AssumeRole hop\(hops == 1 ? "" : "s"):"
            )
        } else {
            lines.append(
                "\(explanation.from) cannot reach \(explanation.to) (\(explanation.action)). Each hop that could have led there:"
            )
        }
        for (index, step) in ReportText.steps(explanation).enumerated() {
            lines.append("")
            lines.append("\(index + 1). \(step.from)")
            lines.append("   -> \(step.to)  [\(step.action)]")
            lines += step.grantedBy.map { "   allowed by: \($0)" }
            lines += step.conditions.map { "   \($0.description)" }
            lines += step.blockedBy.map { "   blocked by: \($0)" }
        }
        if !explanation.notes.isEmpty { lines.append("") }
        lines += explanation.notes.map { "note: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    public func format(_ result: QueryResult) -> String {
        var lines = Self.align(header: result.columns, rows: result.rows.map { $0.map { $0 ?? "NULL" } })
        lines.append("(\(result.rows.count) row\(result.rows.count == 1 ? "" : "s"))")
        return lines.joined(separator: "\n") + "\n"
    }

    public func format(_ report: ChainReport) -> String {
        let rows = report.chains.map { chain in
            [
                chain.source?.arn ?? "", chain.target?.arn ?? "", String(chain.hopCount), ReportText.path(chain),
                ReportText.conditions(chain.caveats),
            ]
        }
        var lines = Self.align(header: ["SOURCE", "TARGET", "HOPS", "PATH", "CONDITIONS"], rows: rows)
        if report.chains.isEmpty { lines.append("(no chains)") }
        lines += report.warnings.map { "note: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Pads every column but the last to its widest cell; the last is left
    /// ragged so no line gains trailing spaces. Shared by every table output.
    public static func align(header: [String], rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column])
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }
}

extension String {
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }

    fileprivate func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
