export { ActionPlansPanel } from './action-plans-panel';
export { CreateActionPlanButton } from './create-action-plan-button';
