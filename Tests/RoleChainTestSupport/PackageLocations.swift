import Foundation

/// Where the package, the shared fixtures and the built `rolechain` are,
/// found from this file's path so tests work from any working directory.
public enum PackageLocations {
    /// `<root>/Tests/RoleChainTestSupport/PackageLocations.swift` → `<root>`.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// CI copies `shared/` beside the clone, so the seed fixtures are at
    /// `<root>/../shared/fixtures/seed`.
    public static var seedFixtures: URL {
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/seed")
    }

    /// The `rolechain` built with these tests: first the executable beside
    /// the running test bundle (same scratch path, so same sources), else
    /// the newest `<root>/.build*/debug/rolechain`. Nil when neither exists.
    public static func rolechainBinary() -> URL? {
        let fileManager = FileManager.default
        var siblings: [URL] = []
        if let executable = Bundle.main.executableURL { siblings.append(executable.deletingLastPathComponent()) }
        siblings.append(Bundle.main.bundleURL.deletingLastPathComponent())
        if let first = CommandLine.arguments.first {
            siblings.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for directory in siblings {
            let candidate = directory.appendingPathComponent("rolechain")
            if fileManager.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return newestBuiltBinary()
    }

    private static func newestBuiltBinary() -> URL? {
        let fileManager = FileManager.default
        let entries = (try? fileManager.contentsOfDirectory(atPath: packageRoot.path)) ?? []
        let candidates = entries.filter { $0.hasPrefix(".build") }.map {
            packageRoot.appendingPathComponent($0).appendingPathComponent("debug/rolechain")
        }
        return candidates.filter { fileManager.isExecutableFile(atPath: $0.path) }.max { modified($0) < modified($1) }
    }

    private static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path))?[.modificationDate]
            as? Date)
            ?? .distantPast
    }
}

/// One run of the binary.
public struct ProcessResult {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    /// Runs `executable` with `arguments`, capturing both streams in files
    /// so a large report cannot fill a pipe and block the child.
    public static func run(_ executable: URL, _ arguments: [String]) throws -> ProcessResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rolechain-run-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: "ROLECHAIN_DB")
        process.environment = environment
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return ProcessResult(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        )
    }
}
