// Command greeter serves a gRPC service; each request runs on a goroutine
// of grpc-go's, so an exit below a service method ends every request in
// flight and skips the graceful stop below.
package main

import (
	"context"
	"log"
	"net"

	pb "example.com/greeter/gen/greeterpb"
	"google.golang.org/grpc"
)

type server struct {
	pb.UnimplementedGreeterServer
	names map[string]bool
}

func newServer() *server { return &server{names: map[string]bool{}} }

func (s *server) SayHello(ctx context.Context, req *pb.HelloRequest) (*pb.HelloReply, error) {
	s.remember(req.GetName())
	return &pb.HelloReply{Message: "hello " + req.GetName()}, nil
}

func (s *server) remember(name string) {
	if name == "" {
		log.Fatal("empty name") // want "GP002 log.Fatal reached from the gRPC method server.SayHello \\(registered by RegisterGreeterServer at main.go:\\d+\\)"
	}
	s.names[name] = true
}

func (s *server) load(path string) {
	if path == "" {
		log.Fatal("no path") // ok: only main calls load, before serving
	}
}

func main() {
	lis, err := net.Listen("tcp", ":50051")
	if err != nil {
		log.Fatal(err) // ok: main's own decision
	}
	srv := newServer()
	srv.load("/etc/greeter")
	g := grpc.NewServer()
	pb.RegisterGreeterServer(g, srv)
	defer g.GracefulStop()
	if err := g.Serve(lis); err != nil {
		log.Fatal(err) // ok: main's own decision
	}
}
