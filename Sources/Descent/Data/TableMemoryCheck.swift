/// The check made before allocating a matrix whose size comes from a file: rows × columns Doubles
/// (the parsed table, the encoded features) may take at most half of physical memory, so a file
/// of blank lines under a wide header or a column with millions of categories is an error naming
/// the numbers instead of an abort.
enum TableMemoryCheck {
    /// The bytes a matrix may take: half of physical memory.
    static var bytesAvailable: Int { HessianMemoryGuard.physicalMemoryBytes() / 2 }

    /// 8 · rows · columns, saturating at `Int.max`.
    static func bytes(rows: Int, columns: Int) -> Int {
        let (cells, overflow) = max(rows, 0).multipliedReportingOverflow(by: max(columns, 0))
        if overflow { return .max }
        let (bytes, overflow8) = cells.multipliedReportingOverflow(by: MemoryLayout<Double>.stride)
        return overflow8 ? .max : bytes
    }

    /// Throws `DataError.tooLargeForMemory` when rows × columns Doubles exceed `bytesAvailable`.
    static func check(file: String, what: String, rows: Int, columns: Int) throws(DataError) {
        let needed = bytes(rows: rows, columns: columns)
        let available = bytesAvailable
        if needed > available {
            throw .tooLargeForMemory(file: file, what: what, rows: rows, columns: columns, bytesNeeded: needed, bytesAvailable: available)
        }
    }
}
