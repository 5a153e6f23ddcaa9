// server_shutdown.cpp - the guide's HTTP server shutdown: a real tiny server on 127.0.0.1.
//
//   ./build/bin/ch02_server_shutdown
//
// Go:  go func() {
//          <-done
//          server.Shutdown(ctx) // stop accepting, let in-flight requests finish
//      }()
//      server.ListenAndServe()
//
// One fiber accepts connections, one fiber per connection answers it, and a shutdown fiber
// waits on `done`. Socket calls block their thread, so each goes through go::blocking. `done`
// is closed while /slow is being answered: /slow still gets its response.
#include <chrono>
#include <cstdio>
#include <string>

#include <sys/socket.h>
#include <unistd.h>

#include <go/go.hpp>

#include "tiny_http.hpp"

namespace {

using namespace std::chrono_literals;

class server {
 public:
  // server: listens on 127.0.0.1 (the kernel picks the port); reports each request on `started`.
  explicit server(go::send_chan<std::string> started) : started_{std::move(started)} {}
  server(const server&) = delete;
  server& operator=(const server&) = delete;
  ~server() { ::close(listener_); }
  [[nodiscard]] std::uint16_t port() const { return tiny_http::port_of(listener_); }

  // [snippet: listen_and_serve]
  // listen_and_serve: answers each connection in its own fiber until shutdown() shuts the door.
  void listen_and_serve() {
    for (;;) {
      const int connection = go::blocking([this] { return ::accept(listener_, nullptr, nullptr); });
      if (connection < 0) break;  // shutdown() shut the listening socket
      in_flight_.add(1);
      go::spawn([this, connection] {
        answer(connection);
        in_flight_.done();
      });
    }
    accepting_ended_.close();
  }

  // shutdown: stops accepting, then waits for the requests in flight (Go: server.Shutdown).
  void shutdown() {
    ::shutdown(listener_, SHUT_RDWR);  // wakes the blocked accept with an error
    accepting_ended_.recv();           // from here on no new request can start
    in_flight_.wait();
  }
  // [end-snippet]

 private:
  // answer: reads "GET /path ...", takes a while over /slow, replies "200 OK", hangs up.
  void answer(int connection) {
    const std::string request = go::blocking([connection] { return tiny_http::read_some(connection); });
    const std::string path = request.substr(4, request.find(' ', 4) - 4);
    started_.send(path);
    if (path == "/slow") go::sleep(200ms);
    const std::string reply = "HTTP/1.0 200 OK (" + path + ")\r\n\r\n";
    go::blocking([&] { return ::send(connection, reply.data(), reply.size(), 0); });
    ::close(connection);
  }

  go::send_chan<std::string> started_;
  int listener_ = tiny_http::listen_on_loopback();
  go::wait_group in_flight_;
  go::chan<go::empty> accepting_ended_ = go::make_chan<go::empty>();
};

// [snippet: start_server]
void start_server(go::recv_chan<go::empty> done, server& http) {
  go::spawn([done, &http] {  // shutdown handler
    done.recv();             // <-done
    std::printf("server: shutting down, finishing the requests in flight\n");
    http.shutdown();
    std::printf("server: shut down\n");
  });
  std::printf("server: listening on 127.0.0.1:%d\n", http.port());
  http.listen_and_serve();
}
// [end-snippet]

}  // namespace

int main() {
  const auto started = go::make_chan<std::string>(4);  // the server reports each request here
  server http{started};  // outlives go::run, which returns only once every fiber has finished
  go::run([&] {
    const auto done = go::make_chan<go::empty>();
    go::spawn([done, &http] { start_server(done, http); });
    const auto get = [&http](const std::string& path) {
      const std::string status = go::blocking([&] { return tiny_http::get(http.port(), path); });
      std::printf("client: GET %s -> %s\n", path.c_str(), status.c_str());
    };
    get("/hello");
    go::spawn([get] { get("/slow"); });
    while (started.recv() != "/slow") {
    }
    std::printf("main: /slow is being served; closing done\n");
    done.close();
  });
  std::printf("main: go::run has waited for every fiber\n");
}
