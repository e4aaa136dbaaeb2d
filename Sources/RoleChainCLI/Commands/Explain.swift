import ArgumentParser
import IAMGraph

extension RoleChainCommand {
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explain why FROM can or cannot reach TO, hop by hop, with the statements involved.",
            discussion: """
                TO is a role ARN, or s3://bucket[/key] (with --action, default s3:GetObject). With a path, each hop \
                is shown with the statements that allow it and any open conditions; without one, each hop that \
                could have led there is shown with the first rule that blocks it.
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var chain: ChainOptions
        @OptionGroup var output: OutputOptions

        @Argument(
            help: "The starting principal: an ARN, a service name (ec2.amazonaws.com) or a unique user/role name."
        )
        var from: String

        @Argument(help: "A role ARN, or s3://bucket[/key].")
        var to: String

        @Option(name: .long, help: "The S3 action, for an s3:// target.")
        var action: String = "s3:GetObject"

        @Option(name: .long, help: "The bucket's owner account, when no bucket policy was imported.")
        var bucketAccount: String?

        func run() throws {
            let database = try store.open(.readOnly)
            let query = ExplainQuery(store: database, organizations: try OrganizationLoader.load(database))
            let origin = try PrincipalLookup(store: database).id(of: from)
            let explanation: Explanation
            if to.hasPrefix("s3://") {
                let rest = to.dropFirst(5)
                let bucket = String(rest.prefix { $0 != "/" })
                let key = rest.contains("/") ? String(rest.drop { $0 != "/" }.dropFirst()) : nil
                explanation = try query.explain(
                    from: origin,
                    to: BucketQuestion(
                        bucket: bucket,
                        actions: [action],
                        key: key?.isEmpty == true ? nil : key,
                        bucketAccount: bucketAccount,
                        options: chain.queryOptions
                    )
                )
            } else {
                explanation = try query.explain(from: origin, toRole: to, options: chain.queryOptions)
            }
            try output.emit(output.format.formatter.format(explanation))
        }
    }
}
