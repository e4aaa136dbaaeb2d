import ArgumentParser
import Foundation
import IAMGraph
import IAMReports
import IAMStore

extension RoleChainCommand {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Run RoleChain on the bundled example: EC2 -> Role_A -> Role_B (another account) -> example-bucket."
        )

        @Option(name: .long, help: "Where to write chains.csv and chains.mmd.")
        var outputDirectory: String = "."

        func run() throws {
            guard let examples = Bundle.module.url(forResource: "Examples", withExtension: nil) else {
                throw CommandFailure(message: "the bundled examples are missing beside the binary", status: .ioError)
            }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "rolechain-demo-\(UUID().uuidString)"
            )
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let database = try RoleChainStore.open(atPath: directory.appendingPathComponent("demo.sqlite").path)
            let summary = try Importer(store: database).importPaths([examples.path])
            print(
                "Imported the example snapshots of accounts \(summary.accounts.joined(separator: " and ")) (\(summary.edges) AssumeRole edges).\n"
            )
            let report = try BucketReachQuery(store: database).answer(BucketQuestion(bucket: "example-bucket"))
            print(TableFormatter().format(report))
            let chains = ChainReport(
                chains: try ChainQueries(store: database).allChains(options: ChainQueries.Options())
            )
            let csv = URL(fileURLWithPath: outputDirectory).appendingPathComponent("chains.csv")
            let mermaid = URL(fileURLWithPath: outputDirectory).appendingPathComponent("chains.mmd")
            try Data(CSVFormatter().format(chains).utf8).write(to: csv)
            try Data(MermaidFormatter().format(report).utf8).write(to: mermaid)
            print(
                "Wrote \(csv.path) (every chain, as CSV) and \(mermaid.path) (the who-can-reach picture, as Mermaid)."
            )
        }
    }
}
