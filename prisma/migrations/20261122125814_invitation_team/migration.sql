-- AlterTable
ALTER TABLE "account_invitation" ADD COLUMN     "team" TEXT;
