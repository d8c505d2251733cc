fn main() {
    println!("coro-lings: the checker is not built yet");
}
