import ArgumentParser
import IAMGraph

extension RoleChainCommand {
    struct WhoCanReach: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "who-can-reach",
            abstract: "List every principal that can reach a bucket, directly or through a chain of roles.",
            discussion: """
                One row per principal and action, with its shortest chain and the statements that grant the access. \
                Conditions that the snapshots cannot decide are kept and shown, never dropped.
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var chain: ChainOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The bucket: a name, an arn:aws:s3::: ARN or s3://name.")
        var bucket: String

        @Option(
            name: .customLong("action"),
            help: "An S3 action, wildcards allowed (repeatable; default s3:GetObject)."
        )
        var actions: [String] = []

        @Option(name: .long, help: "Ask about this object key instead of any object.")
        var key: String?

        @Option(name: .long, help: "The bucket's owner account, when no bucket policy was imported.")
        var bucketAccount: String?

        func validate() throws {
            if let bucketAccount, bucketAccount.count != 12 || !bucketAccount.allSatisfy(\.isNumber) {
                throw ValidationError("--bucket-account must be a 12-digit AWS account id.")
            }
            if BucketQuestion.bucketName(bucket).isEmpty { throw ValidationError("Name a bucket.") }
        }

        func run() throws {
            let database = try store.open(.readOnly)
            let question = BucketQuestion(
                bucket: bucket,
                actions: actions.isEmpty ? ["s3:GetObject"] : actions,
                key: key,
                bucketAccount: bucketAccount,
                options: chain.queryOptions
            )
            let report = try BucketReachQuery(store: database, organizations: try OrganizationLoader.load(database))
                .answer(question)
            try output.emit(output.format.formatter.format(report))
        }
    }
}
