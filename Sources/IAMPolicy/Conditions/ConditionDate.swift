/// Date values of the `Date…` operators as seconds since 1970-01-01T00:00:00Z.
///
/// AWS takes "one of the W3C implementations of the ISO 8601 date formats or
/// epoch (UNIX) time"
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date,
/// formats at https://www.w3.org/TR/NOTE-datetime). A hand parser avoids
/// Foundation formatters, whose results depend on locale and platform.
///
/// Accepted: `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss[.fraction]]` with
/// `Z`, `±hh:mm`, `±hhmm` or no zone (read as UTC), and epoch seconds
/// (`1704067200`, optionally with a fraction). A bare `YYYY` is read as epoch
/// seconds, because `aws:EpochTime` values are bare digits too.
enum ConditionDate {
    static func secondsSinceEpoch(_ text: String) -> Double? {
        if let epoch = parseEpoch(text) { return epoch }
        var cursor = DateCursor(text)
        guard let year = cursor.number(digits: 4), cursor.skip("-"),
            let month = cursor.number(digits: 2), (1...12).contains(month)
        else { return nil }
        var day = 1
        let hasDay = cursor.skip("-")
        if hasDay {
            guard let value = cursor.number(digits: 2), (1...daysIn(month: month, year: year)).contains(value) else {
                return nil
            }
            day = value
        }
        var seconds = Double(daysFromCivil(year: year, month: month, day: day)) * 86_400
        if cursor.isAtEnd { return seconds }
        // A time of day needs a full date (W3C profile).
        guard hasDay, cursor.skip("T") || cursor.skip("t"),
            let hour = cursor.number(digits: 2), hour <= 23, cursor.skip(":"),
            let minute = cursor.number(digits: 2), minute <= 59
        else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if cursor.skip(":") {
            guard let second = cursor.number(digits: 2), second <= 60 else { return nil }
            seconds += Double(second)
            if cursor.skip(".") {
                guard let fraction = cursor.fraction() else { return nil }
                seconds += fraction
            }
        }
        guard let offset = cursor.zoneOffset(), cursor.isAtEnd else { return nil }
        return seconds - Double(offset)
    }

    private static func parseEpoch(_ text: String) -> Double? {
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else { return nil }
        if parts.count == 2, parts[1].isEmpty || !parts[1].allSatisfy(\.isASCIIDigit) { return nil }
        return Double(text)
    }

    private static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar
    /// (H. Hinnant's `days_from_civil`), exact for any year.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let shiftedMonth = (month + 9) % 12
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

private struct DateCursor {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    var isAtEnd: Bool { index == bytes.count }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func number(digits count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<(index + count)] {
            guard byte.isASCIIDigit else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        index += count
        return value
    }

    mutating func fraction() -> Double? {
        var value = 0.0
        var scale = 0.1
        let start = index
        while index < bytes.count, bytes[index].isASCIIDigit {
            value += Double(bytes[index] - UInt8(ascii: "0")) * scale
            scale /= 10
            index += 1
        }
        return index > start ? value : nil
    }

    /// The zone designator as seconds east of UTC; no designator means UTC.
    mutating func zoneOffset() -> Int? {
        if isAtEnd || skip("Z") || skip("z") { return 0 }
        let sign: Int
        if skip("+") {
            sign = 1
        } else if skip("-") {
            sign = -1
        } else {
            return nil
        }
        guard let hours = number(digits: 2), hours <= 23 else { return nil }
        _ = skip(":")
        guard let minutes = number(digits: 2), minutes <= 59 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }
}

extension UInt8 {
    fileprivate var isASCIIDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
