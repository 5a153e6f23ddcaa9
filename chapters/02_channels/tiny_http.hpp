// tiny_http.hpp - the socket plumbing of server_shutdown.cpp, kept apart from its lesson.
//
//   const int listener = tiny_http::listen_on_loopback();       // 127.0.0.1, any free port
//   std::string status = tiny_http::get(tiny_http::port_of(listener), "/hello");
//
// Plain blocking POSIX calls: from a fiber, call them through go::blocking.
#pragma once

#include <cerrno>
#include <cstdint>
#include <string>
#include <system_error>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tiny_http {

inline sockaddr_in loopback(std::uint16_t port) {
  return {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr = {htonl(INADDR_LOOPBACK)}, .sin_zero = {}};
}

// listen_on_loopback: a listening TCP socket on 127.0.0.1, on a port the kernel picks.
inline int listen_on_loopback() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = loopback(0);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 16) != 0) {
    throw std::system_error{errno, std::generic_category(), "listen on 127.0.0.1"};
  }
  return fd;
}

// port_of: the port a socket is bound to.
inline std::uint16_t port_of(int fd) {
  sockaddr_in address{};
  socklen_t size = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  return ntohs(address.sin_port);
}

// read_some: what one recv() returns, up to 256 bytes ("" on error).
inline std::string read_some(int fd, int flags = 0) {
  std::string data(256, '\0');
  const ssize_t got = ::recv(fd, data.data(), data.size(), flags);
  data.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  return data;
}

// get: sends "GET path HTTP/1.0" to 127.0.0.1:port; returns the response's status line.
inline std::string get(std::uint16_t port, const std::string& path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = loopback(port);
  const std::string request = "GET " + path + " HTTP/1.0\r\n\r\n";
  std::string response = "(refused)";
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    (void)::send(fd, request.data(), request.size(), 0);
    response = read_some(fd, MSG_WAITALL);  // until the server hangs up
  }
  ::close(fd);
  return response.substr(0, response.find("\r\n"));
}

}  // namespace tiny_http
