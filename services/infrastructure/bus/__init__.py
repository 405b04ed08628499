"""The message bus's infrastructure: the brokers through faststream (NATS JetStream, RabbitMQ,
Redis, Kafka), the embedded NATS server, the messages' schemas, and the relay that publishes the
event log. The consumers are the application's (services/application/consumers.py); which
consumer listens where, and the bus processes, are the bus entry point's
(services/entrypoints/bus)."""
