import Foundation
import RoleChainTestSupport

/// A value shared between the test's thread and a worker thread.
final class Shared<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func get() -> Value {
        lock.withLock { value }
    }

    func update<T>(_ change: (inout Value) -> T) -> T {
        lock.withLock { change(&value) }
    }
}

/// Runs `body` on its own thread; `wait()` returns its result.
final class Worker<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let result = Shared<Result<T, any Error>?>(nil)

    init(_ body: @escaping @Sendable () throws -> T) {
        Thread.detachNewThread { [result, done] in
            let outcome = Result { try body() }
            result.update { $0 = outcome }
            done.signal()
        }
    }

    var isFinished: Bool { result.get() != nil }

    func wait() throws -> T {
        done.wait()
        done.signal()
        return try result.get()!.get()
    }
}

enum Organizations {
    /// Writes `accounts` snapshots of `roles` roles each into `folder`, with
    /// account ids starting at `firstAccount`; every role trusts its
    /// account's root and may assume any role, so the import derives edges.
    static func write(into folder: String, firstAccount: Int, accounts: Int, roles: Int) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for offset in 0..<accounts {
            var builder = AccountBuilder(String(firstAccount + offset))
            for index in 0..<roles {
                builder.role(
                    "role-\(index)",
                    trust: Policies.trustAWS(builder.arn("root")),
                    inline: [Policies.allow("sts:AssumeRole", on: "arn:aws:iam::*:role/*")]
                )
            }
            let file = (folder as NSString).appendingPathComponent("\(builder.accountID).json")
            try Data(builder.text.utf8).write(to: URL(fileURLWithPath: file))
        }
    }
}
