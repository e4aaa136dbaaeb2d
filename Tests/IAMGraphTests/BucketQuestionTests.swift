import IAMGraph
import IAMPolicy
import Testing

/// Which (action, resource) pairs a bucket question asks about (R6.1).
@Suite struct BucketQuestionTests {
    typealias Request = (action: String, resource: ResourceQuery)

    /// The requests as computed before the S3 tables had a file of their own:
    /// every pattern expanded and every action typed by the full reference.
    static func fullReferenceRequests(_ question: BucketQuestion) -> [Request] {
        let reference = ServiceReference.shared
        var result: [Request] = []
        var seen = Set<String>()
        for pattern in question.actions {
            let expanded =
                pattern.contains("*") || pattern.contains("?") ? reference.actions(matching: pattern) : [pattern]
            for action in expanded where seen.insert(action.lowercased()).inserted {
                let types =
                    reference.resourceTypes(forAction: action)
                    ?? (action.lowercased().contains("object") ? ["object"] : ["bucket"])
                if types.contains("object") {
                    let objects = "arn:aws:s3:::\(question.bucket)/"
                    result.append(
                        (action, question.key.map { .exact(objects + $0) } ?? .anyWithPrefix(objects))
                    )
                }
                if types.contains("bucket") { result.append((action, .exact("arn:aws:s3:::\(question.bucket)"))) }
            }
        }
        return result
    }

    static func same(_ left: [Request], _ right: [Request]) -> Bool {
        left.map(\.action) == right.map(\.action) && left.map(\.resource) == right.map(\.resource)
    }

    @Test(arguments: [
        ["s3:Get*"], ["*"], ["S3:get*", "s3:GetObject"], ["s*:Get*"], ["s3:?etObject", "s3:ListBucket"],
        ["s3:GetObjekt", "ec2:RunInstances"], ["s3:*"],
    ])
    func requestsAreUnchanged(actions: [String]) {
        for key in [nil, "reports/2024.csv"] {
            let question = BucketQuestion(bucket: "arn:aws:s3:::example-bucket", actions: actions, key: key)
            let requests = question.requests()
            #expect(Self.same(requests, Self.fullReferenceRequests(question)), "\(actions) key \(key ?? "-")")
        }
    }

    @Test func getWildcardAsksObjectAndBucketActions() {
        let requests = BucketQuestion(bucket: "example-bucket", actions: ["s3:Get*"]).requests()
        #expect(
            requests.contains {
                $0.action == "s3:GetObject" && $0.resource == .anyWithPrefix("arn:aws:s3:::example-bucket/")
            }
        )
        #expect(
            requests.contains {
                $0.action == "s3:GetBucketPolicy" && $0.resource == .exact("arn:aws:s3:::example-bucket")
            }
        )
        #expect(requests.allSatisfy { $0.action.hasPrefix("s3:Get") })
    }

    @Test func starGivesTheSameS3RequestsAsS3Star() {
        let question = BucketQuestion(bucket: "example-bucket", actions: ["*"])
        let s3Requests = question.requests().filter { $0.action.hasPrefix("s3:") }
        #expect(Self.same(s3Requests, BucketQuestion(bucket: "example-bucket", actions: ["s3:*"]).requests()))
    }

    /// Only patterns that can match other services read the full reference.
    @Test func s3PatternsNeedOnlyTheS3Tables() {
        let question = BucketQuestion(bucket: "example-bucket", actions: ["s3:Get*", "s3:ListBucket"])
        let requests = question.requests(reference: ServiceReference.empty(loadError: "must not be used"))
        #expect(Self.same(requests, Self.fullReferenceRequests(question)))
        let star = BucketQuestion(bucket: "example-bucket", actions: ["*"])
        #expect(star.requests(reference: ServiceReference.empty(loadError: "unused")).isEmpty)
    }
}
