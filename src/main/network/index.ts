export { NetworkService, type NetworkServiceDeps } from './service';
export { networkHandlers } from './handlers';
