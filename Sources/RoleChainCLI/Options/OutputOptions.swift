import ArgumentParser
import Foundation
import IAMReports

/// `--format` and `--output`, shared by every query command.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, csv, json, mermaid or dot.")
    var format: ReportFormat = .table

    @Option(name: .long, help: "Write the report to this file instead of standard output.")
    var output: String?

    func emit(_ text: String) throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CommandFailure(message: "cannot write '\(output)': \(error.localizedDescription)", status: .ioError)
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
