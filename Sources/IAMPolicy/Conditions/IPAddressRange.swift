/// An IPv4 or IPv6 network in CIDR form, as the `IpAddress` operators take it.
///
/// "The value must be in the standard CIDR format (for example, 203.0.113.0/24
/// or 2001:DB8:1234:5678::/64). If you specify an IP address without the
/// associated routing prefix, IAM uses the default prefix value of /32"
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress);
/// for a bare IPv6 address the full-length equivalent is /128. Host bits
/// below the prefix are ignored, as routers do.
struct IPAddressRange: Sendable, Hashable {
    /// Four bytes for IPv4, sixteen for IPv6.
    let bytes: [UInt8]
    let prefixLength: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let addressText = parts.first else { return nil }
        let address = addressText.contains(":") ? Self.parseIPv6(addressText) : Self.parseIPv4(addressText)
        guard let address else { return nil }
        let maximum = address.count * 8
        if parts.count == 2 {
            let prefix = parts[1]
            guard !prefix.isEmpty, prefix.count <= 3, prefix.allSatisfy({ $0.isASCII && $0.isNumber }),
                let length = Int(prefix), length <= maximum
            else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
        bytes = address
    }

    var isIPv6: Bool { bytes.count == 16 }

    /// Whether every address of `other` lies in this network; addresses of the
    /// other family never do.
    func contains(_ other: IPAddressRange) -> Bool {
        guard bytes.count == other.bytes.count, other.prefixLength >= prefixLength else { return false }
        var remaining = prefixLength
        for (mine, theirs) in zip(bytes, other.bytes) where remaining > 0 {
            let bits = min(remaining, 8)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if mine & mask != theirs & mask { return false }
            remaining -= bits
        }
        return true
    }

    private static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for octet in octets {
            guard (1...3).contains(octet.count), octet.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = UInt8(octet)
            else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    /// RFC 4291 text forms: eight groups, one `::` for a run of zero groups,
    /// and an optional dotted IPv4 tail (`::ffff:203.0.113.5`).
    private static func parseIPv6(_ text: Substring) -> [UInt8]? {
        let halves = text.splitAtDoubleColons()
        guard halves.count <= 2 else { return nil }
        guard let head = groups(halves[0], allowIPv4Tail: halves.count == 1) else { return nil }
        var tail: [UInt16] = []
        if halves.count == 2 {
            guard let parsed = groups(halves[1], allowIPv4Tail: true) else { return nil }
            tail = parsed
        }
        let total = head.count + tail.count
        if halves.count == 1 {
            guard total == 8 else { return nil }
        } else {
            guard total <= 7 else { return nil }
        }
        let words = head + Array(repeating: 0, count: 8 - total) + tail
        return words.flatMap { [UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)] }
    }

    private static func groups(_ text: Substring, allowIPv4Tail: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        var words: [UInt16] = []
        for (index, field) in fields.enumerated() {
            if index == fields.count - 1, allowIPv4Tail, field.contains(".") {
                guard let v4 = parseIPv4(field) else { return nil }
                words.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                words.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
            } else {
                guard (1...4).contains(field.count), field.allSatisfy(\.isHexDigit), let word = UInt16(field, radix: 16)
                else { return nil }
                words.append(word)
            }
        }
        return words
    }
}

extension Substring {
    /// Splits at each `::`; `a::b` gives two halves, `a::b::c` three (invalid).
    fileprivate func splitAtDoubleColons() -> [Substring] {
        var result: [Substring] = []
        var start = startIndex
        var index = startIndex
        while index < endIndex {
            let next = self.index(after: index)
            if self[index] == ":", next < endIndex, self[next] == ":" {
                result.append(self[start..<index])
                start = self.index(after: next)
                index = start
            } else {
                index = next
            }
        }
        result.append(self[start..<endIndex])
        return result
    }
}
