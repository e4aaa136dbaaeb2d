import Foundation

/// A private temporary folder, removed with everything in it when the last
/// reference goes away, so test runs leave nothing behind in /tmp.
public final class TemporaryFolder: Sendable {
    public let path: String

    public init(prefix: String = "rolechain-test") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    public var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    public func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }
}
