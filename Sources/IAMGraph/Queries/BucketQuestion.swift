import IAMPolicy

/// "Who can reach this bucket": the bucket, the actions, and how far to look.
public struct BucketQuestion: Sendable {
    /// The bucket's name (an `arn:aws:s3:::name` or `s3://name` is reduced to it).
    public var bucket: String
    /// Actions, wildcards allowed (`s3:Get*`); expanded to the S3 actions AWS defines.
    public var actions: [String]
    /// One object key to ask about; without it, "some object of the bucket".
    public var key: String?
    /// The owner account when the store does not know it.
    public var bucketAccount: String?
    public var options: ChainQueries.Options

    public init(
        bucket: String,
        actions: [String] = ["s3:GetObject"],
        key: String? = nil,
        bucketAccount: String? = nil,
        options: ChainQueries.Options = ChainQueries.Options()
    ) {
        self.bucket = Self.bucketName(bucket)
        self.actions = actions
        self.key = key
        self.bucketAccount = bucketAccount
        self.options = options
    }

    /// `example-bucket`, `arn:aws:s3:::example-bucket[/…]` or `s3://example-bucket[/…]` → `example-bucket`.
    public static func bucketName(_ text: String) -> String {
        var name = Substring(text)
        if name.hasPrefix("arn:") {
            name = name.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).last ?? name
        } else if name.hasPrefix("s3://") {
            name = name.dropFirst(5)
        }
        return String(name.prefix { $0 != "/" })
    }

    /// The concrete actions to ask about, with the resource each acts on
    /// (R6.1): object actions on `bucket/key` (or any key), bucket actions
    /// on the bucket ARN, as the Service Authorization Reference says.
    ///
    /// The S3 tables answer everything except the expansion of a pattern
    /// whose service part is not literally `s3` (`*`, `s*:Get*`): only that
    /// reads the whole reference, which costs far more to load.
    public func requests(
        s3Reference: S3Reference = .shared,
        reference: @autoclosure () -> ServiceReference = .shared
    ) -> [(action: String, resource: ResourceQuery)] {
        var result: [(String, ResourceQuery)] = []
        var seen = Set<String>()
        for pattern in actions {
            let expanded: [String]
            if !pattern.contains("*") && !pattern.contains("?") {
                expanded = [pattern]
            } else if S3Reference.patternNamesS3(pattern) {
                expanded = s3Reference.actions(matching: pattern)
            } else {
                expanded = reference().actions(matching: pattern)
            }
            for action in expanded where seen.insert(action.lowercased()).inserted {
                let types = s3Reference.resourceTypes(forAction: action) ?? Self.guessResourceTypes(action)
                if types.contains("object") {
                    result.append(
                        (
                            action,
                            key.map { .exact("arn:aws:s3:::\(bucket)/\($0)") }
                                ?? .anyWithPrefix("arn:aws:s3:::\(bucket)/")
                        )
                    )
                }
                if types.contains("bucket") {
                    result.append((action, .exact("arn:aws:s3:::\(bucket)")))
                }
            }
        }
        return result
    }

    /// For an action the reference does not list: object actions say so in their name.
    private static func guessResourceTypes(_ action: String) -> [String] {
        action.lowercased().contains("object") ? ["object"] : ["bucket"]
    }
}
