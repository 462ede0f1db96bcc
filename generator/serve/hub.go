package serve

import "sync"

// hub fans status events out to the open pages.
type hub struct {
	mu      sync.Mutex
	clients map[chan []byte]struct{}
	closed  bool
}

// subscribe returns a channel of events and a function to leave; a nil
// channel when the hub is closed.
func (h *hub) subscribe() (chan []byte, func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, func() {}
	}
	if h.clients == nil {
		h.clients = map[chan []byte]struct{}{}
	}
	ch := make(chan []byte, 16)
	h.clients[ch] = struct{}{}
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if _, ok := h.clients[ch]; ok {
			delete(h.clients, ch)
			close(ch)
		}
	}
}

// broadcast sends msg to every client without waiting. A client that has
// fallen 16 events behind is dropped; its page reconnects and gets the
// current status, which is all it needs.
func (h *hub) broadcast(msg []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.clients {
		select {
		case ch <- msg:
		default:
			delete(h.clients, ch)
			close(ch)
		}
	}
}

// count returns the number of connected clients.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// close ends every stream and refuses new ones, so that the HTTP server can
// shut down without waiting for pages that never hang up.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for ch := range h.clients {
		delete(h.clients, ch)
		close(ch)
	}
}
