## Delivery

stats-outbox = *Delivery*

    - Messages waiting to be sent: { $waiting }
    - Messages given up (see python -m bot outbox): { $dead }
alert-outbox-dead = *Delivery problem:* some messages could not be delivered after several attempts and were given up. python -m bot outbox shows how many; the log says why.
alert-channel-down = *Delivery problem:* { $channel } has not been reachable for several minutes. Messages wait in the outbox and go out once it is back.
