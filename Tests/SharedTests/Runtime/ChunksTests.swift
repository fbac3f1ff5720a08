import Shared
import Testing

@Suite struct ChunksTests {
    @Test func aListIsCutIntoSlicesOfTheCountAndAShorterLastOne() {
        #expect(Array(1...7).chunks(ofCount: 3).map(Array.init) == [[1, 2, 3], [4, 5, 6], [7]])
        #expect(Array(1...6).chunks(ofCount: 3).map(Array.init) == [[1, 2, 3], [4, 5, 6]])
        #expect([Int]().chunks(ofCount: 100).isEmpty)
        #expect("abcde".chunks(ofCount: 2).map(String.init) == ["ab", "cd", "e"])
    }

    @Test func slicesKeepTheirPlaceInTheList() {
        let list = Array(10..<15)
        #expect(list.chunks(ofCount: 2).map(\.startIndex) == [0, 2, 4])
    }
}
