export { UsageService, type UsageServiceDeps } from './service';
export { usageHandlers } from './handlers';
