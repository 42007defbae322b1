import { FakeN8n } from '../helpers/fake-n8n'
import { announceWhenListening } from './announce'

/** n8n's webhook side for the routed drain, in a process of its own as a real n8n would be. */
const n8n = new FakeN8n()
announceWhenListening(
  () => n8n.start().then(() => n8n.base),
  () => n8n.stop(),
)
