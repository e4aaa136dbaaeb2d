import ArgumentParser
import Foundation
import IAMGraph

extension RoleChainCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import account snapshots and bucket policies, then derive the AssumeRole graph.",
            discussion: """
                Each PATH is a file saved from 'aws iam get-account-authorization-details' (one account per file), \
                or a folder holding <account-id>.json snapshots, bucket-policy.<bucket>.json files and a buckets.json \
                that names each bucket's owner account (the layout Scripts/collect-account.sh writes). One import is \
                one transaction: all its files land, or none does. Importing an account again replaces it.
                """
        )

        @OptionGroup var store: StoreOptions

        @Flag(name: .shortAndLong, help: "Print nothing but errors.")
        var quiet = false

        @Flag(name: .long, help: "Print how long each phase took.")
        var verbose = false

        @Argument(help: "Snapshot files or folders.")
        var paths: [String]

        func validate() throws {
            guard !paths.isEmpty else { throw ValidationError("Name at least one snapshot file or folder.") }
        }

        func run() throws {
            let database = try store.open(.readWrite)
            let showProgress = !quiet && Diagnostics.isInteractive
            let started = Date()
            let summary = try Importer(store: database).importPaths(paths) { progress in
                guard showProgress else { return }
                let seconds = max(Date().timeIntervalSince(started), 0.001)
                let rate = Int(Double(progress.filesDone) / seconds)
                Diagnostics.write(
                    "\r\(progress.stage): \(progress.filesDone)/\(progress.fileCount) files, "
                        + "\(progress.principals) users and roles, \(rate) files/s\u{1B}[K"
                )
            }
            if showProgress { Diagnostics.write("\r\u{1B}[K") }
            guard !quiet else { return }
            for warning in summary.warnings { Diagnostics.warning(warning) }
            if verbose {
                for timing in summary.timings {
                    let label = timing.phase.padding(toLength: 32, withPad: " ", startingAt: 0)
                    Diagnostics.note("  \(label) " + String(format: "%8.3f s", timing.seconds))
                }
            }
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            Diagnostics.note(
                "imported \(summary.accounts.count) account(s), \(summary.buckets.count) bucket policy(ies), "
                    + "\(summary.principals) users and roles; \(summary.edges) AssumeRole edges "
                    + "(\(summary.conditionalEdges) conditional) in \(seconds) s into \(database.path)"
            )
        }
    }

    struct ImportBucketPolicy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-bucket-policy",
            abstract: "Import one bucket's policy and record its owner account.",
            discussion: "FILE is 'aws s3api get-bucket-policy' output ({\"Policy\": \"…\"}) or a bare policy document."
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "The bucket's name (or its arn:aws:s3::: ARN).")
        var bucket: String

        @Argument(help: "The policy file.")
        var file: String

        @Option(name: .long, help: "The 12-digit id of the account that owns the bucket.")
        var account: String

        func validate() throws {
            guard account.count == 12, account.allSatisfy(\.isNumber) else {
                throw ValidationError("--account must be a 12-digit AWS account id.")
            }
        }

        func run() throws {
            try Importer(store: try store.open(.readWrite)).importBucketPolicy(
                bucket: bucket,
                file: file,
                accountID: account
            )
        }
    }
}
