import ArgumentParser
import Foundation
import IAMLint

extension RoleChainCommand {
    /// `rolechain lint`: policy mistakes that change who can reach what.
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the imported policies for mistakes that change who can assume roles or reach buckets.",
            discussion: """
                Reports each finding with its rule id, severity, account, principal, policy, statement, a message, \
                the fix and a link to the AWS documentation. Rules: \
                \(Linter.catalog.map { "\($0.id) \($0.name) (\($0.severity.name))" }.joined(separator: "; ")). \
                With --fail-on, exits 1 when a finding at or above that severity exists, after printing the report.
                """
        )

        @OptionGroup var store: StoreOptions

        @Option(name: .long, help: "Output format: table, csv or json.")
        var format: LintFormat = .table

        @Option(name: .long, help: "Write the report to this file instead of standard output.")
        var output: String?

        @Option(name: .long, help: "Leave out findings below this severity: info, low, medium, high or critical.")
        var minSeverity: SeverityArgument = .info

        @Option(name: .long, help: "Exit with status 1 when a finding at or above this severity exists.")
        var failOn: SeverityArgument?

        func run() throws {
            let full = try Linter.lint(store: try store.open(.readOnly))
            let shown = full.filtered(minimum: minSeverity.severity)
            try emit(format.format(shown))
            if format == .csv { shown.notes.forEach(Diagnostics.warning) }
            guard let failOn = failOn?.severity else { return }
            let failing = full.count(atOrAbove: failOn)
            guard failing > 0 else { return }
            let hidden = failing - shown.count(atOrAbove: failOn)
            let suffix = hidden > 0 ? " (\(hidden) hidden by --min-severity \(minSeverity.rawValue))" : ""
            throw CommandFailure(
                message: "\(failing) lint finding(s) at or above \(failOn.name)\(suffix)",
                status: .findings
            )
        }

        /// Standard output, or `--output` written atomically.
        private func emit(_ text: String) throws {
            guard let output else {
                FileHandle.standardOutput.write(Data(text.utf8))
                return
            }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw CommandFailure(
                    message: "cannot write '\(output)': \(error.localizedDescription)",
                    status: .ioError
                )
            }
        }
    }
}

extension LintFormat: ExpressibleByArgument {}

/// `--min-severity` / `--fail-on` words; a String-backed enum so that
/// `--help` lists the words and shows the default as a word.
enum SeverityArgument: String, CaseIterable, ExpressibleByArgument {
    case info, low, medium, high, critical

    var severity: Severity {
        switch self {
        case .info: .info
        case .low: .low
        case .medium: .medium
        case .high: .high
        case .critical: .critical
        }
    }
}
